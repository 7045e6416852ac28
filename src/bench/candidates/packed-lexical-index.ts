// Adopted: the packed layout now backs LexicalIndex (src/retrieval/packed-lexical-index.ts).
export { PackedLexicalIndex } from '../../retrieval/packed-lexical-index.ts';
