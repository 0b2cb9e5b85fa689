// Usage: node validate.mjs FILE...  → one JSON line per file: {"path", "errors": [...]}
// All files in one process: the validator takes 1-4 s to start, then ~0.1 s a file.
import { readFile } from "node:fs/promises";
import validate from "@ooxml-tools/validate";

let failed = false;
for (const path of process.argv.slice(2)) {
  try {
    const data = await readFile(path);
    const buffer = new Uint8Array(data);
    const format = /\.(docx|docm)$/i.test(path) ? "docx" : "xlsx";
    const raw = await validate(buffer, format, "Microsoft365");
    const errors = typeof raw === "string" ? JSON.parse(raw) : raw;
    console.log(JSON.stringify({ path, errors }));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ path, crash: String(error) }));
  }
}
// The validator keeps Node alive for ~10 s after the last call.
process.exit(failed ? 3 : 0);
