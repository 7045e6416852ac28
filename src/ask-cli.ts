import { parseCliArgs } from './cli/parse-cli-args.ts';
import { loadConfig } from './config.ts';
import { RagError } from './errors.ts';
import { loadAnswerEngine } from './engine/load-answer-engine.ts';
import { ensureIndex } from './engine/ensure-index.ts';
import { explainAnalysis } from './cli/explain-analysis.ts';

const usage = 'Usage: npm run ask -- "2020年园区生物医药产业产值是多少？" [--json] [--top-k 8] [--explain]';

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, { strings: ['top-k'], flags: ['json', 'explain'], positionals: true });
  if (parsed === undefined) return;
  const { values, positionals } = parsed;
  const question = positionals.join(' ').trim();
  if (question === '') {
    console.log(usage);
    process.exit(2);
  }
  const config = loadConfig();
  // Like `npm start`, a missing or stale index is built first.
  await ensureIndex(config, (line) => console.error(line));
  const engine = await loadAnswerEngine({ config });
  const topK = values['top-k'] !== undefined ? Number(values['top-k']) : undefined;
  const response = await engine.answer({ question, ...(topK !== undefined ? { topK } : {}) });
  if (values.json) {
    console.log(JSON.stringify(response, null, 2));
    return;
  }
  console.log(`\n${response.answer}\n`);
  if (response.notice) console.log(`note: ${response.notice}\n`);
  for (const citation of response.citations) {
    console.log(`[${citation.n}] ${citation.documentTitle.zh} · ${citation.section.join(' › ')} · ${citation.year}  (${citation.id})`);
    console.log(`    “${citation.quote}”`);
  }
  const { mode, timingsMs } = response;
  const how = [response.answered ? 'answered' : 'not answered', response.language, `retrieval ${mode.retrieval}`, `generator ${mode.generator}`];
  console.log(`\n${how.join(' · ')} · ${timingsMs.total} ms`);
  if (response.resolvedQuestion) console.log(`(follow-up read as: ${response.resolvedQuestion})`);
  if (values.explain) console.log(`\n${explainAnalysis(await engine.analyze({ question, ...(topK !== undefined ? { topK } : {}) })).join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(RagError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
