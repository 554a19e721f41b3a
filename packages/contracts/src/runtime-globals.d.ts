/**
 * The few globals the contracts use that exist both in browsers and in Node.js (≥ 16); declared
 * here rather than pulling in the DOM or Node type libraries, so nothing runtime-specific sneaks
 * into code the console and the server share.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare function atob(data: string): string;
declare function btoa(data: string): string;
