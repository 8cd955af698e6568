// @ts-expect-error: not installed, on purpose: this case is GWC5002
import { nanoid } from "gwc-test-package-that-is-not-installed";

export const handler = async () => ({ statusCode: 200, body: nanoid() });
