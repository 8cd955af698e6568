import type { IrValidation } from "../../ir.js";
import { joinPointer } from "../../util/json-pointer.js";
import { isObject, str, type Json, type NormaliseContext } from "./context.js";

/** `x-amazon-apigateway-request-validators` by name, and the root default validator's name. */
export interface RequestValidators {
  readonly byName: Map<string, IrValidation>;
  readonly defaultName: string | undefined;
}

/**
 * Reads the request validators and the root `x-amazon-apigateway-request-validator`. An unknown name is reported
 * here (GWC3001) rather than in link: the validation an operation gets decides which body models exist
 * (models.ts), and the models must be read before model ids are allocated.
 */
export function readValidators(ctx: NormaliseContext): RequestValidators {
  const byName = new Map<string, IrValidation>();
  const root = ctx.doc.root;
  const defs = root["x-amazon-apigateway-request-validators"];
  if (isObject(defs)) {
    for (const [name, v] of Object.entries(defs)) {
      const def = isObject(v) ? v : {};
      byName.set(name, {
        validatorName: name,
        validateRequestBody: def.validateRequestBody === true,
        validateRequestParameters: def.validateRequestParameters === true,
      });
    }
  }
  const defaultName = str(root["x-amazon-apigateway-request-validator"]);
  if (defaultName !== undefined && !byName.has(defaultName)) {
    ctx.report("GWC3001", "/x-amazon-apigateway-request-validator", { name: defaultName });
  }
  return { byName, defaultName };
}

/** The validation an operation gets: its own validator, else the root default, else none (always none for HTTP APIs). */
export function resolveValidation(ctx: NormaliseContext, op: Json, pointer: string, validators: RequestValidators): IrValidation {
  const none: IrValidation = { validatorName: undefined, validateRequestBody: false, validateRequestParameters: false };
  if (ctx.apiType === "HTTP") return none;
  const own = str(op["x-amazon-apigateway-request-validator"]);
  if (own !== undefined && !validators.byName.has(own)) {
    ctx.report("GWC3001", joinPointer(pointer, "x-amazon-apigateway-request-validator"), { name: own });
    return none;
  }
  const name = own ?? validators.defaultName;
  return (name !== undefined ? validators.byName.get(name) : undefined) ?? none;
}
