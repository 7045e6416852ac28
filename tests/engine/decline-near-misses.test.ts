import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { loadTestEngine } from './engine-fixture.ts';

/**
 * Questions next to what the documents say, asked as a new user would (written from the documents, not from any
 * evaluation set): each is declined by a general rule, and a question the documents do answer still is answered.
 */
let engine: LoadedAnswerEngine;
let remove: () => Promise<void>;
beforeAll(async () => {
  ({ engine, remove } = await loadTestEngine());
});
afterAll(async () => remove());

describe('a count is answered only by a figure that counts the thing asked about', () => {
  it.each([
    ['How many hospitals are in SIP?'],
    ['How many flights a day go from Suzhou to Singapore?'],
    ['园区有多少所大学？'],
    ['How many people live in SIP?'],
  ])('declines %s', async (question) => {
    const response = await engine.answer({ question });
    expect(response.answered).toBe(false);
  });

  it.each([
    ['How many AI companies were there in SIP in 2020?', /600/],
    ['2020年园区有多少家人工智能企业？', /600/],
  ])('still answers %s', async (question, figure) => {
    const response = await engine.answer({ question });
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(figure);
  });
});

describe('a figure answers only for whose it is and what it measures', () => {
  it.each([["What is Singapore's R&D spending as a share of GDP?"], ['信达生物的年收入是多少？']])('declines %s', async (question) => {
    const response = await engine.answer({ question });
    expect(response.answered).toBe(false);
  });

  it('still answers a figure of a named company when its passage names the company', async () => {
    const response = await engine.answer({ question: '新加坡科技研究局苏州企业合作中心第一批入驻企业获得了几件发明专利授权？' });
    expect(response.answered).toBe(true);
    expect(response.answer).toContain('3件');
  });
});

describe('a definition of something the documents never name is declined', () => {
  it('declines 「什么是光刻机？」 though the documents speak of 光刻技术', async () => {
    const response = await engine.answer({ question: '什么是光刻机？' });
    expect(response.answered).toBe(false);
  });

  it('still defines what the documents name, owner and thing apart ("Rainmed\'s caiMR system")', async () => {
    const response = await engine.answer({ question: "What is Rainmed's caiMR system?" });
    expect(response.answered).toBe(true);
    expect(response.answer).toMatch(/coronary/i);
  });
});
