// In-app notifications: the message catalogue (rendered in the reader's language) and the HTTP schemas.
import { type Static, Type } from 'typebox';
import { IsoDateTime, type Locale, Page, Uuid } from './common.ts';

/** A value shown in a message that itself depends on the language (a step name, a department). */
export type LocalizedText = Record<Locale, string>;
export type NotificationParam = string | number | LocalizedText;
export type NotificationParams = Record<string, NotificationParam>;

interface NotificationText {
  title: string;
  body: string;
}
type NotificationTemplateSpec = Record<Locale, NotificationText>;

/**
 * Every message the platform can send, by template key. A notification stores the key and its
 * params, not text, so it is rendered in the language of whoever reads it. `{name}` is replaced by
 * the param of that name. Params never carry personal identifiers (a case number, a step name:
 * yes; an ID number or a phone: no). Add a template here before calling `notify` with it.
 */
export const notificationTemplates = {
  'application.accepted': {
    'zh-CN': { title: '办件已受理', body: '您的办件 {caseNumber} 已受理，正在审查中。' },
    en: {
      title: 'Application accepted',
      body: 'Your application {caseNumber} has been accepted and is under review.',
    },
  },
  'application.returned': {
    'zh-CN': {
      title: '办件需要补正',
      body: '您的办件 {caseNumber} 被退回补正。请查看退回意见，补充后重新提交。',
    },
    en: {
      title: 'Your application needs more information',
      body: 'Your application {caseNumber} was returned for supplement. Read the note, complete it and resubmit.',
    },
  },
  'application.approved': {
    'zh-CN': { title: '办件已办结：准予许可', body: '您的办件 {caseNumber} 已审批通过。' },
    en: { title: 'Application approved', body: 'Your application {caseNumber} has been approved.' },
  },
  'application.rejected': {
    'zh-CN': {
      title: '办件未获批准',
      body: '您的办件 {caseNumber} 未获批准，可在办件详情中查看办理意见。',
    },
    en: {
      title: 'Application not approved',
      body: 'Your application {caseNumber} was not approved. The case details show the decision note.',
    },
  },
  'application.deferred': {
    'zh-CN': {
      title: '办件已容缺受理，请签署承诺书',
      body: '您的办件 {caseNumber} 已受理，尚缺材料：{materials}。请在办件详情中签署承诺书，并于 {deadline} 前补交。',
    },
    en: {
      title: 'Accepted with materials to follow: please sign the commitment',
      body: 'Your application {caseNumber} was accepted without: {materials}. Sign the commitment in the application and supply them by {deadline}.',
    },
  },
  'application.materialsDue': {
    'zh-CN': {
      title: '容缺材料即将到期',
      body: '您的办件 {caseNumber} 尚缺材料：{materials}，请于 {deadline} 前补交，逾期将按承诺处理。',
    },
    en: {
      title: 'Materials owed are due soon',
      body: 'Your application {caseNumber} still needs: {materials}. Supply them by {deadline}, or what you committed to applies.',
    },
  },
  'application.suspended': {
    'zh-CN': {
      title: '办件已中止',
      body: '您的办件 {caseNumber} 未在 {deadline} 前补交材料（{materials}），已中止。补齐材料后将恢复。',
    },
    en: {
      title: 'Application suspended',
      body: 'Your application {caseNumber} is suspended: {materials} did not arrive by {deadline}. It resumes once you supply them.',
    },
  },
  'application.revoked': {
    'zh-CN': {
      title: '办件已撤销',
      body: '您的办件 {caseNumber} 未在 {deadline} 前补交材料（{materials}），已按承诺予以撤销。',
    },
    en: {
      title: 'Application revoked',
      body: 'Your application {caseNumber} was revoked as committed: {materials} did not arrive by {deadline}.',
    },
  },
  'task.escalated.yellow': {
    'zh-CN': {
      title: '办件临近办理时限（黄灯）',
      body: '{department}「{step}」环节的办件临近办理时限，请督办。',
    },
    en: {
      title: 'A case is close to its deadline (yellow)',
      body: 'A case at the step "{step}" in {department} is close to its deadline. Please follow it up.',
    },
  },
  'task.escalated.red': {
    'zh-CN': {
      title: '办件已超过办理时限（红灯）',
      body: '{department}「{step}」环节的办件已超期，请督办。',
    },
    en: {
      title: 'A case is overdue (red)',
      body: 'A case at the step "{step}" in {department} is past its deadline. Please follow it up.',
    },
  },
  'task.escalated.reassigned': {
    'zh-CN': {
      title: '超时办件已转交给您',
      body: '{department}「{step}」环节的办件已{level}，已转交给您所在岗位办理。',
    },
    en: {
      title: 'A late case was passed to you',
      body: 'A case at the step "{step}" in {department} reached {level} and was passed to your role.',
    },
  },
  // Assisted filing (代办): the applicant learns of every filing for them; the proxy of grants and revocations.
  'application.filedOnBehalf': {
    'zh-CN': {
      title: '有人代您提交了办件',
      body: '{filer} 代您提交了办件 {caseNumber}（{service}）。如非您本人授权，请在“我的授权”中撤销授权。',
    },
    en: {
      title: 'An application was filed for you',
      body: '{filer} filed application {caseNumber} ({service}) for you. If you did not authorize this, revoke the authorization under "My authorizations".',
    },
  },
  'proxy.granted': {
    'zh-CN': {
      title: '您被授权为代办人',
      body: '{grantor} 授权您（{relation}）代其办理政务服务事项，可在“我的授权”中查看范围和期限。',
    },
    en: {
      title: 'You can now file for a family member',
      body: '{grantor} authorized you ({relation}) to file applications for them. See the scope and period under "My authorizations".',
    },
  },
  'proxy.revoked': {
    'zh-CN': {
      title: '代办授权已被撤销',
      body: '{grantor} 已撤销对您的代办授权：尚未提交的代办草稿不能再继续，已提交的办件照常办理。',
    },
    en: {
      title: 'An authorization was revoked',
      body: '{grantor} revoked your authorization: you cannot continue drafts not yet submitted; submitted cases go on.',
    },
  },
  'proxy.counterRecorded': {
    'zh-CN': {
      title: '窗口已登记您的代办授权书',
      body: '{department}窗口工作人员 {officer} 已登记您签署的授权委托书，将代您办理一项事项。如非本人授权，请立即在“我的授权”中撤销。',
    },
    en: {
      title: 'A counter recorded your authorization form',
      body: '{officer} at the {department} window recorded the authorization form you signed and will file one application for you. If you did not sign it, revoke it under "My authorizations" now.',
    },
  },
  'licence.issued': {
    'zh-CN': {
      title: '电子证照已签发',
      body: '您的{licenceName}已签发（证照编号 {number}），可在“我的证照”中查看、下载和亮证。',
    },
    en: {
      title: 'Your e-licence was issued',
      body: 'Your {licenceName} was issued (number {number}). View, download or show it under "My licences".',
    },
  },
  'consent.requested': {
    'zh-CN': {
      title: '有机构请求使用您的数据',
      body: '{recipient}请求使用您的{dataset}，用途：{purpose}。请查看将使用哪些数据、保存多久，再决定是否同意；不同意不影响您办理其他事项。',
    },
    en: {
      title: 'An organisation asks to use your data',
      body: '{recipient} asks to use your {dataset} for: {purpose}. See which data and for how long before you decide; saying no does not affect your other services.',
    },
  },
  'licence.statusChanged': {
    'zh-CN': {
      title: '电子证照状态变更',
      body: '您的{licenceName}（证照编号 {number}）已{status}。原因：{reason}',
    },
    en: {
      title: 'The status of your e-licence changed',
      body: 'Your {licenceName} (number {number}) was {status}. Reason: {reason}',
    },
  },
} satisfies Record<string, NotificationTemplateSpec>;

export type NotificationTemplate = keyof typeof notificationTemplates;

export function isNotificationTemplate(key: string): key is NotificationTemplate {
  return Object.hasOwn(notificationTemplates, key);
}

/** The `{name}` placeholders a template uses (in any language). */
export function templateParamNames(template: NotificationTemplate): string[] {
  const names = new Set<string>();
  for (const text of Object.values(notificationTemplates[template] as NotificationTemplateSpec))
    for (const part of [text.title, text.body])
      for (const m of part.matchAll(/\{(\w+)\}/g)) names.add(m[1] as string);
  return [...names];
}

function paramText(value: NotificationParam | undefined, locale: Locale): string {
  if (value === undefined) return '';
  return typeof value === 'object' ? value[locale] : String(value);
}

/**
 * The title and body of a stored notification in `locale`. A template that no longer exists
 * (removed after the message was stored) shows its key rather than failing the whole inbox.
 */
export function renderNotification(
  template: string,
  params: NotificationParams,
  locale: Locale,
): NotificationText {
  if (!isNotificationTemplate(template)) return { title: template, body: '' };
  const text = (notificationTemplates[template] as NotificationTemplateSpec)[locale];
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_m, name: string) => paramText(params[name], locale));
  return { title: fill(text.title), body: fill(text.body) };
}

export const NotificationView = Type.Object({
  id: Uuid,
  kind: Type.String({
    description: 'what the message is about, e.g. application.status, task.escalated (stable keyword)',
  }),
  title: Type.String({ description: "in the reader's language (Accept-Language)" }),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()], {
    description: 'portal path to follow, e.g. /applications/<id>/supplement',
  }),
  subject: Type.Union([Type.Object({ type: Type.String(), id: Type.String() }), Type.Null()], {
    description: 'the record the message is about, e.g. {type: application, id}',
  }),
  createdAt: IsoDateTime,
  readAt: Type.Union([IsoDateTime, Type.Null()]),
});
export type NotificationView = Static<typeof NotificationView>;

export const NotificationQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'true: only unread messages' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type NotificationQuery = Static<typeof NotificationQuery>;

export const NotificationPage = Page(NotificationView);
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationIdParams = Type.Object({ id: Uuid }, { additionalProperties: false });

export const UnreadCount = Type.Object({ count: Type.Integer({ minimum: 0 }) });
export type UnreadCount = Static<typeof UnreadCount>;

export const ReadAllResult = Type.Object({
  marked: Type.Integer({ minimum: 0, description: 'how many unread messages were marked read' }),
});
export type ReadAllResult = Static<typeof ReadAllResult>;
