/**
 * The ajv runtime helpers that generated validators (ajv standalone code) call. They are
 * re-exported here so that a generated folder imports only `gwc/runtime`: ajv and ajv-formats
 * are gwc's dependencies and resolve from gwc's installation, wherever the output was written.
 * The names are fixed by compiler/emit/validators.ts `AJV_RUNTIME_IMPORTS`.
 */
import equalModule from "ajv/dist/runtime/equal.js";
import ucs2lengthModule from "ajv/dist/runtime/ucs2length.js";
import uriModule from "ajv/dist/runtime/uri.js";
import validationErrorModule from "ajv/dist/runtime/validation_error.js";
import { fullFormats } from "ajv-formats/dist/formats.js";

/** Deep equality for `enum`, `const` and `uniqueItems` (fast-deep-equal). */
export const ajvEqual = equalModule.default;
/** String length in Unicode code points, as `maxLength`/`minLength` count. */
export const ajvUcs2length = ucs2lengthModule.default;
/** URI parser used by `format: uri` and `$id` resolution (fast-uri). */
export const ajvUri = uriModule.default;
/** The error class async validators throw. */
export const AjvValidationError = validationErrorModule.default;
/** ajv-formats' "full" format checks (date-time, uri, …). */
export const ajvFullFormats = fullFormats;
