import { VtlHost } from "./host.js";
import { javaString } from "./render.js";
import { isNull } from "./values.js";
import { base64Decode, base64Encode, escapeJavaScript, parseJson, urlDecode, urlEncode } from "./util-functions.js";

const FUNCTIONS: Readonly<Record<string, (s: string) => unknown>> = {
  escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode,
};

/**
 * `$util`. Its functions take a string; a null argument gives null (rendered as "": vector
 * aws/input-body-formatting/url-encode/* pins `urlEncode(null)`), and any other value is first
 * printed as Java would [U: Velocity would find no method for a non-string and fail].
 * API Gateway's `$util` has no `toJson` (that is AppSync's).
 */
export class VtlUtil extends VtlHost {
  vtlProperty(): unknown {
    return null;
  }

  vtlCall(name: string, args: readonly unknown[]): unknown {
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (fn === undefined || args.length !== 1) return null;
    const arg = args[0];
    if (isNull(arg)) return null;
    return fn(typeof arg === "string" ? arg : javaString(arg, []));
  }

  vtlString(): string {
    return "";
  }
}

/** `$util` holds no state, so every scope shares one. */
export const UTIL = new VtlUtil();
