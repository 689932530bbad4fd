// Shapes of the API answers the web reads (docs: /api/docs). Kept loose where the API may add fields.

export type AccountKind = 'citizen' | 'enterprise' | 'staff';
export type CaseStatus =
  | 'draft'
  | 'submitted'
  | 'accepted'
  | 'in_review'
  | 'returned'
  | 'approved'
  | 'rejected'
  | 'withdrawn';
export type Light = 'green' | 'yellow' | 'red';

export interface StaffRoleView {
  role: string;
  departmentId: string;
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
}

export interface Me {
  account: { id: string; kind: AccountKind; name: string; roles: StaffRoleView[] };
  profile?: Record<string, unknown>;
}

export interface Named {
  nameZh: string;
  nameEn: string;
}

export interface ServiceSummary extends Named {
  id: string;
  code: string;
  audience: 'citizen' | 'enterprise';
  departmentCode: string;
  departmentNameZh: string;
  departmentNameEn: string;
  promisedDays: number;
  feeFen: number;
  categories?: unknown[];
}

export interface Material extends Named {
  code: string;
  critical: boolean;
  required: boolean;
  descriptionZh?: string;
  descriptionEn?: string;
}

/** The service guide; several fields are bilingual pairs `<x>Zh` / `<x>En`. */
export interface ServiceGuide extends ServiceSummary {
  statutoryDays?: number;
  materials: Material[];
  faq?: Array<Record<string, string>>;
  steps?: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FormField {
  pointer: string;
  fieldCode?: string;
  labelZh: string;
  labelEn: string;
  sensitivity?: string;
}

export type PrefillSource = 'profile' | { caseId: string; caseNumber: string };

export interface ServiceForm {
  version: number;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  fields: FormField[];
  prefill?: { values: Record<string, unknown>; sources: Record<string, PrefillSource> };
}

export interface UploadedMaterial {
  id: string;
  materialCode: string;
  fileName: string;
  sizeBytes: number;
  mimeType: string;
  sha256: string;
}

export interface ChecklistEntry extends Named {
  code: string;
  critical: boolean;
  required: boolean;
  provided: boolean;
}

export interface TimelineEntry {
  at: string;
  kind: string;
  stepNameZh?: string | null;
  stepNameEn?: string | null;
  departmentNameZh?: string | null;
  departmentNameEn?: string | null;
  actorName?: string | null;
  note?: string | null;
  dueAt?: string | null;
  status?: string | null;
}

export interface Progress {
  completed: number;
  total: number;
  percent: number;
}

export interface OpenTask {
  id: string;
  key?: string;
  name?: string;
  stepName?: string;
  status: string;
  assigneeId?: string | null;
  assigneeName?: string | null;
  dueAt?: string | null;
  light?: Light | null;
}

export interface Application {
  id: string;
  caseNumber: string | null;
  status: CaseStatus;
  service: Partial<ServiceSummary> & { id: string };
  serviceId?: string;
  formData: Record<string, unknown>;
  materials: UploadedMaterial[];
  checklist: ChecklistEntry[];
  submittedAt: string | null;
  dueAt: string | null;
  progress?: Progress | null;
  timeline: TimelineEntry[];
  returnNote?: string | null;
  applicantName?: string;
  task?: OpenTask | null;
  openTask?: OpenTask | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface TaskItem {
  id: string;
  caseId: string;
  caseNumber: string;
  itemNameZh: string;
  itemNameEn: string;
  applicantName: string;
  stepName: string;
  departmentCode: string;
  role: string;
  status: string;
  assigneeName: string | null;
  createdAt: string;
  dueAt: string | null;
  light: Light | null;
}
