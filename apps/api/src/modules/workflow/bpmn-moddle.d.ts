// bpmn-moddle ships types for the BPMN elements but not for its entry class.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    fromXML(
      xml: string,
      typeName?: string,
    ): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
  }
}
