import type { TextBlock } from './format-blocks.ts';

/**
 * Where a web page's own material begins after the article: related-article lists (often other
 * places' news), previous/next links, share prompts, copyright and editor lines. Only short blocks
 * count (a label, not a sentence that mentions sharing).
 */
const trailerStart = new RegExp(
  [
    String.raw`^(相关(文章|阅读|新闻|推荐|链接|资讯|报道)|推荐(阅读|文章|新闻)|延伸阅读|` +
      String.raw`热门(文章|推荐|资讯|新闻)|猜你喜欢|更多(新闻|文章|资讯)|上一篇|下一篇)`,
    String.raw`^(分享(到|给)|版权(所有|声明)|免责声明|责任编辑|本文(由|来源|转载))`,
    String.raw`^(related (articles?|posts?|stories|news|content)|you (may|might) also like|more stories|read more|share (this|on)|copyright\b|©)`,
  ].join('|'),
  'i',
);
/** A labelled contact line (`联系人：…`, `电话：…`, `E-mail: …`) or a phone number: certainly contact details. */
const contactLabel = new RegExp(
  [
    '^(联系(人|电话|方式|地址|邮箱|我们)?|咨询电话|电话|手机|传真|邮箱|电子邮箱|邮编|地址|微信(号|公众号)?',
    String.raw`|QQ|E-?mail|Tel(ephone)?|Phone|Fax|Address)\s*[:：]`,
  ].join(''),
  'i',
);
const phoneNumber = /(?<!\d)(1[3-9]\d{9}|0\d{2,3}[-\s]?\d{7,8}|400[-\s]?\d{3,4}[-\s]?\d{3,4})(?!\d)/;
/** Words of a contact or sharing prompt: they mark a short block next to contact details as part of them. */
const contactWords = /微信|手机|电话|联系|扫一扫|扫码|二维码|公众号|QQ|邮箱|e-?mail|wechat|whatsapp|phone/i;
const contactHeading = /^(联系我们|联系方式|contact( us| information)?)$/i;
/** A byline or meta line near the top: a date (with or without a time) in a short unpunctuated block. */
const dated = /\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}/;
const sentenceEnd = /[。！？!?]["”’」』)）]*$/;
const shortBlock = 60;

const isShort = (block: TextBlock) => [...block.text.trim()].length <= shortBlock;

/**
 * Contact blocks: short blocks that are certainly contact details, and the short blocks around them
 * that speak of contacting or sharing (`长按/扫一扫加…的微信号`). A sentence mentioning WeChat in the
 * article, away from any phone number, stays.
 */
function contactBlocks(blocks: TextBlock[]): Set<number> {
  const marked = new Set<number>();
  blocks.forEach((block, index) => {
    if (block.kind === 'paragraph' && (contactLabel.test(block.text) || (isShort(block) && phoneNumber.test(block.text)))) marked.add(index);
  });
  let grew = true;
  while (grew) {
    grew = false;
    blocks.forEach((block, index) => {
      if (marked.has(index) || !isShort(block) || !contactWords.test(block.text)) return;
      if (marked.has(index - 1) || marked.has(index + 1)) {
        marked.add(index);
        grew = true;
      }
    });
  }
  return marked;
}

/**
 * Drops what a page carries besides its article: everything from the first trailer marker on
 * (nothing after it can reach the index), contact blocks and sections, and a dated byline just
 * under the title. What is left is the article's headings and prose.
 */
export function dropWebBoilerplate(blocks: TextBlock[]): TextBlock[] {
  const end = blocks.findIndex((block) => isShort(block) && trailerStart.test(block.text.trim()));
  const article = end === -1 ? blocks : blocks.slice(0, end);
  const contacts = contactBlocks(article);
  const firstProse = article.findIndex((block) => block.kind === 'paragraph' && !isShort(block));
  const kept: TextBlock[] = [];
  let inContactSection = false;
  article.forEach((block, index) => {
    if (block.kind === 'heading') inContactSection = contactHeading.test(block.text.trim());
    if (inContactSection || contacts.has(index)) return;
    const beforeProse = firstProse === -1 || index < firstProse;
    if (beforeProse && block.kind === 'paragraph' && isShort(block) && dated.test(block.text) && !sentenceEnd.test(block.text)) return;
    kept.push(block);
  });
  return kept;
}
