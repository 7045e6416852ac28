import words from './stop-words.json' with { type: 'json' };

/*
 * One list of stop words for every reader, nested by how much a reader drops: verification compares
 * passages and keeps everything but function words; the tokenizer also drops what a question adds
 * (what, how, please…); the English bridge also drops question filler before looking words up.
 * The lists are the project's own, not a general one such as stopwords-iso: those run to hundreds of
 * words and would change what retrieval and verification match (the evaluation must stay the same).
 */

/** English articles, prepositions and forms of "be". */
export const englishFunctionWords: ReadonlySet<string> = new Set(words.englishFunctionWords);

/** English words that carry no topic in a question: function words and asking words, pronouns, modals. */
export const englishStopWords: ReadonlySet<string> = new Set([...words.englishFunctionWords, ...words.englishQuestionWords]);

/** `englishStopWords` and question filler (give, show, located, year…) that a dictionary would turn into topics. */
export const englishFillerWords: ReadonlySet<string> = new Set([...englishStopWords, ...words.englishQuestionFiller]);

/** Chinese function words and particles that carry no topic; numbers and names are never dropped. */
export const chineseStopWords: ReadonlySet<string> = new Set(words.chinese);
