import { buildSync } from "esbuild";
import path from "node:path";
import type { IrFunction } from "../ir.js";

/**
 * Compiles a handler module (TypeScript or JavaScript, with its local imports) into one ESM file
 * so that plain `node` runs it. Packages stay external and resolve from node_modules. Paths in
 * esbuild's comments are relative to the repository root, so the bytes do not depend on `cwd`.
 */
export function compileHandler(root: string, fn: IrFunction): string {
  const result = buildSync({
    absWorkingDir: root,
    entryPoints: [path.join(root, fn.handlerFile)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
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
