#!/usr/bin/env node
// The gwc command: registers tsx so the TypeScript compiler runs on plain node, then hands over to cli.ts.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
const code = await main(process.argv.slice(2));
if (code >= 0) process.exitCode = code;
