import { loadConfig } from '../../config.ts';
import { loadAnswerEngine } from '../../generation/answer-engine.ts';
import { runLoadTest } from '../load-test.ts';
const config = loadConfig({ EMBEDDING_MODEL: 'none', RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'silent' });
const engine = await loadAnswerEngine({ config });
console.log(await runLoadTest({ engine, config, questions: ['2020年园区生物医药产业产值是多少？', 'How many companies?'], durationSeconds: 2, connections: 10 }));
