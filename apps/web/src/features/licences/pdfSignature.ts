/**
 * Finds the signature a Tongban PDF carries (its embedded file licence.vc.jwt or decision.seal.jws)
 * in the browser, without a PDF library: the embedded file is a FlateDecode stream whose content is a
 * compact JWS. Returns the JWS and its header's typ, or null when the file has none.
 */
export async function signatureInPdf(file: Blob): Promise<{ jws: string; typ: string } | null> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const text = new TextDecoder('latin1').decode(bytes);
  const JWS = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
  for (const m of text.matchAll(/\/Type\s*\/EmbeddedFile\b/g)) {
    const dictEnd = text.indexOf('stream', m.index);
    if (dictEnd < 0) continue;
    const dict = text.slice(text.lastIndexOf('<<', m.index), dictEnd);
    const length = Number(dict.match(/\/Length\s+(\d+)/)?.[1] ?? Number.NaN);
    let start = dictEnd + 'stream'.length;
    if (text[start] === '\r') start++;
    if (text[start] === '\n') start++;
    if (!Number.isFinite(length)) continue;
    let data: Uint8Array<ArrayBuffer> = bytes.slice(start, start + length);
    if (/\/Filter\s*\/FlateDecode/.test(dict)) {
      try {
        data = new Uint8Array(
          await new Response(
            new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate')),
          ).arrayBuffer(),
        );
      } catch {
        continue;
      }
    }
    const jws = new TextDecoder().decode(data).trim();
    if (!JWS.test(jws)) continue;
    try {
      const header = JSON.parse(atob(jws.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/')));
      return { jws, typ: String(header.typ ?? '') };
    } catch {
      // not a JOSE header: keep looking
    }
  }
  return null;
}
