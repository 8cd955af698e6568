import { buildSync } from "esbuild";
import path from "node:path";
import type { IrFunction } from "../ir.js";

/** Why a handler could not be bundled, where esbuild says (paths relative to the project folder). */
export interface HandlerProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly detail: string;
}

/**
 * Compiles a handler module (TypeScript or JavaScript) with its imports, local files and npm
 * packages alike, into one ESM file, as CDK's NodejsFunction bundles a Lambda function: the
 * output then runs wherever it is written, with no node_modules beside it. Only `gwc` itself
 * (its runtime, for types or helpers) and `node:` built-ins stay imports. Paths in esbuild's
 * comments are relative to the project folder, so the bytes do not depend on `cwd`.
 */
export function compileHandler(root: string, fn: IrFunction): { code: string } | { problem: HandlerProblem } {
  try {
    const text = compileHandlerWith(root, fn, undefined);
    // CommonJS code bundled into ESM calls esbuild's `__require` shim for built-ins it requires;
    // the shim needs a real `require` in scope, which an ES module gets from createRequire.
    return { code: text.includes("__require(") ? compileHandlerWith(root, fn, REQUIRE_BANNER) : text };
  } catch (err) {
    const first = (err as { errors?: Array<{ text: string; location: { file: string; line: number; column: number } | null }> }).errors?.[0];
    if (!first) throw err;
    return {
      problem: {
        file: first.location?.file.split(path.sep).join("/") ?? fn.handlerFile,
        line: first.location?.line ?? 1,
        column: (first.location?.column ?? 0) + 1,
        detail: first.text,
      },
    };
  }
}

/** Defines `require` in an ES module (for `__require` in bundled CommonJS code). */
const REQUIRE_BANNER = `import { createRequire as __gwcHandlerCreateRequire } from "node:module";\nconst require = __gwcHandlerCreateRequire(import.meta.url);`;

function compileHandlerWith(root: string, fn: IrFunction, banner: string | undefined): string {
  const result = buildSync({
    ...(banner === undefined ? {} : { banner: { js: banner } }),
    absWorkingDir: root,
    entryPoints: [path.join(root, fn.handlerFile)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["gwc", "gwc/*"],
    write: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** Declaration for a compiled handler, so the generated TypeScript typechecks. */
export function handlerDeclaration(fn: IrFunction): string {
  return `import type { LambdaHandler } from "gwc/runtime";\n\nexport declare const ${fn.exportName}: LambdaHandler;\n`;
}
