// dmn-moddle ships no types; this is the part of its entry class the DMN import uses.
declare module 'dmn-moddle' {
  export class DmnModdle {
    fromXML(
      xml: string,
      typeName?: string,
    ): Promise<{ rootElement: unknown; warnings: { message: string }[] }>;
  }
}
