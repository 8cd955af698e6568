// Preloaded (node --import) into a measured `gwc build`: on exit, writes the process's own peak RSS
// (getrusage ru_maxrss, KiB) to $GWC_BENCH_MAXRSS_FILE.
import { writeFileSync } from "node:fs";

process.on("exit", () => {
  if (process.env.GWC_BENCH_MAXRSS_FILE) writeFileSync(process.env.GWC_BENCH_MAXRSS_FILE, String(process.resourceUsage().maxRSS));
});
