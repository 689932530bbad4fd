/** One entry of the error catalogue: the HTTP status and the message in each language. */
export interface ErrorSpec {
  status: number;
  'zh-CN': string;
  en: string;
}
export type ErrorCatalogue = Record<string, ErrorSpec>;
