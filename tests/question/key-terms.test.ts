import { describe, expect, it } from 'vitest';
import { quotedNamesTurn } from '../../src/bench/worst-case-inputs.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { englishKeyTerms, type KeyTermContext } from '../../src/question/key-terms.ts';
import { LexicalIndex } from '../../src/retrieval/lexical-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../../src/text/glossary.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const glossary = loadGlossary('corpus/glossary.json');
const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
const { chunks } = buildChunks('corpus');
const context: KeyTermContext = {
  lexical: LexicalIndex.build(chunks, tokenizer),
  tokenizer,
  corpusText: chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n'),
  outsideNames: new Set(['hangzhou']),
};
type Bridged = Parameters<typeof englishKeyTerms>[2];
const names = (question: string, bridged: Bridged = []) =>
  englishKeyTerms(question, context, bridged).filter((term) => term.unknown && /^[A-Z]/.test(term.label));
// What the bridge makes of "Shanghai" (a known word: it ends the name before it).
const shanghai: Bridged = [{ term: '上海', from: 'Shanghai', weight: 1, source: 'glossary' }];

describe('englishKeyTerms: unknown names and where they stand', () => {
  it('a quoted name is a title the question repeats, not another place', () => {
    expect(names('What is “Qaaa Qaab Park” about?')).toEqual([expect.objectContaining({ label: 'Qaaa Qaab Park', foreignName: false })]);
    expect(names('What is Qaaa Qaab Park?')).toEqual([expect.objectContaining({ label: 'Qaaa Qaab Park', foreignName: true })]);
  });

  it('a part of another city, or a name before "… park", is another place', () => {
    expect(context.corpusText.includes('上海')).toBe(true);
    expect(names('How big is Shanghai Qaaa?', shanghai).find((term) => term.label === 'Qaaa')?.foreignName).toBe(true);
    expect(names('Where is the Qaaa business park?').find((term) => term.label === 'Qaaa')?.foreignName).toBe(true);
    expect(names("Where is Qaaa's industrial zone?").find((term) => term.label === 'Qaaa')?.foreignName).toBe(true);
    expect(names('What did Wang Qaaa say?')).toEqual([expect.objectContaining({ label: 'Wang Qaaa', foreignName: false, weight: 1 })]);
  });

  it('reads a 4,000-character text of quoted names once, not once per name from every quote (issue 11)', () => {
    // Each name used to compile a pattern that scanned from every opening quote to the end: about 2 s
    // here. The limit only catches that coming back; speed is measured by the worst-case benchmark.
    const text = quotedNamesTurn();
    const started = performance.now();
    const terms = names(text);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(terms.length).toBeGreaterThan(400);
    // "“Qaaa a “Qaab a …" never closes a quote: none of them is quoted, and none is a place.
    expect(terms.every((term) => !term.foreignName)).toBe(true);
  });
});
