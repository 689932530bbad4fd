// The API's answers as the contracts define them (type-only imports: nothing of TypeBox reaches the bundle).
import type {
  Account,
  AccountRole,
  ApplicationSummary,
  ApplicationView,
  FormFieldInfo,
  Prefill,
  Profile,
  ServiceDetail,
  SlaLight,
} from '@tongban/contracts';

export type {
  ApplicationMaterial as UploadedMaterial,
  ApplicationStatus as CaseStatus,
  ApplicationSummary,
  ApplicationView,
  AuthorizationView,
  CaseView,
  ChecklistEntry,
  FiledBy,
  Material,
  PrefillSource,
  Progress,
  ProxyRelation,
  ServiceCategories,
  ServiceSummary,
  TaskDetail,
  TaskSummary as TaskItem,
  TimelineEntry,
} from '@tongban/contracts';

export type Light = SlaLight;
export type StaffRoleView = AccountRole;
export type ServiceGuide = ServiceDetail;
export type FormField = FormFieldInfo;

export interface Me {
  account: Account;
  profile?: Profile;
}

export interface Named {
  nameZh: string;
  nameEn: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ServiceForm {
  version: number;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  fields: FormFieldInfo[];
  prefill: Prefill | null;
}

/** What the smart form needs of a form: an item's form or a bundle's combined one. */
export type FormLike = Omit<ServiceForm, 'version'>;

/** Lists answer summaries; the detail pages read full views. */
export type Application = ApplicationView;
export type ApplicationListItem = ApplicationSummary & { progress?: { percent: number } };
