import { readFileSync } from 'node:fs';
import { removePinyin, countPinyin } from './src/ingest/clean/remove-pinyin.ts';
import { stripCredits } from './src/ingest/clean/strip-credits.ts';
import { stripMarkup } from './src/ingest/clean/strip-markup.ts';
const raw = readFileSync('corpus/003_45ef39c325a615c0.txt','utf8');
console.log(countPinyin(raw), raw.length);
const a = removePinyin(stripMarkup(raw)).trim(); console.log(a.length);
const b = stripCredits(a); console.log(b.length, JSON.stringify(b.slice(-80)));
console.log(JSON.stringify(raw.slice(-30)), raw.includes('\n'));
