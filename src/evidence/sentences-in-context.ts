import type { Chunk } from '../index-store/chunk.ts';
import { splitPassageSentences } from '../text/split-sentences.ts';

/** Yearbook prose announces its subject as a leading clause: `生物医药产业方面，…`. */
const topicMarker = /^([^，,。；;]{2,16}?)(?:方面|领域)[，,]/;

export interface SentenceInContext {
  sentence: string;
  /** The topic announced earlier in the passage that this sentence continues, if any. */
  topic: string;
  /**
   * After a ；, the opening clause of the sentence the clause belongs to: clauses joined by semicolons
   * share its subject (「…思必驰作为…之一，…；2023年7月正式发布…大模型DFM-2」).
   */
  lead: string;
  position: number;
}

const subjectless = /^(?:\d{4}年|\d{1,2}月|同年|次年|当年|随后|此后|之后|并|还|同时|其中|已|将|正式|先后|相继)/;

/** The speaker clause of the sentence after a whole quotation (「思必驰…研发总监樊帅介绍说」), else ''. */
export function attributionOf(sentence: string, next: string): string {
  if (!/^[“「『"]/.test(sentence) || !/[”」』"]$/.test(sentence)) return '';
  return /^[^，,。！？；]{2,60}?(?:说|表示|介绍|指出|称)(?=[，,：:])/.exec(next)?.[0] ?? '';
}

/** Sentences of a passage with the topic each one continues (`X方面，` holds until the next one). */
export function sentencesInContext(chunk: Chunk): SentenceInContext[] {
  let topic = '';
  let lead = '';
  let continues = false;
  return splitPassageSentences(chunk.text).map((sentence, position) => {
    // Only a clause without a subject of its own continues one: it opens with a date or a connective
    // (「；2023年7月正式发布…」), not with a new subject (「；拓创生物、易康生物等使用…」).
    const ownLead = continues && subjectless.test(sentence) ? lead : '';
    if (!continues) lead = /^[^，,；;。]*/.exec(sentence)?.[0] ?? '';
    continues = /[；;]$/.test(sentence);
    const marker = topicMarker.exec(sentence);
    if (marker !== null) {
      topic = marker[1] ?? '';
      return { sentence, topic: '', lead: ownLead, position };
    }
    return { sentence, topic, lead: ownLead, position };
  });
}
