// The documents admin page: plain DOM code (no framework), text only through textContent.
// The admin key stays in this tab's sessionStorage and is sent as a bearer token to /api/admin/*.
const $ = (id) => document.getElementById(id);
const keyStore = 'sip-admin-key';

function headers(extra = {}) {
  return { authorization: `Bearer ${sessionStorage.getItem(keyStore) ?? ''}`, ...extra };
}

function say(text, ok = false) {
  $('message').textContent = text;
  $('message').className = ok ? 'ok' : '';
}

async function call(method, url, body, contentType) {
  const response = await fetch(url, { method, headers: headers(contentType ? { 'content-type': contentType } : {}), body });
  const payload = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(payload.message ?? `HTTP ${response.status}`);
  return payload;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text;
  row.append(td);
  return td;
}

async function showChunks(slug) {
  const { document: doc, chunks } = await call('GET', `/api/admin/documents/${encodeURIComponent(slug)}`);
  $('chunks').hidden = false;
  $('chunks-title').textContent = `${doc.title.zh} — ${chunks.length} chunks`;
  const list = $('chunk-list');
  list.replaceChildren();
  for (const chunk of chunks) {
    const item = document.createElement('li');
    const section = document.createElement('div');
    section.className = 'section';
    section.textContent = `${chunk.id} · ${chunk.section.join(' › ')}`;
    const text = document.createElement('div');
    text.textContent = chunk.text;
    item.append(section, text);
    list.append(item);
  }
}

async function refresh() {
  const { index, documents } = await call('GET', '/api/admin/documents');
  $('index-status').textContent = index ? `Index ${index.version}, built ${index.builtAt}, ${index.chunks} chunks` : 'No index built yet';
  const body = $('documents').querySelector('tbody');
  body.replaceChildren();
  for (const doc of documents) {
    const row = document.createElement('tr');
    cell(row, doc.slug);
    cell(row, `${doc.title.zh} / ${doc.title.en}`);
    cell(row, doc.kind);
    cell(row, String(doc.year));
    cell(row, String(doc.chunks));
    cell(row, [...doc.warnings, ...(doc.enrichment?.stale ? [`${doc.enrichment.stale} stale enrichment entries`] : [])].join('; '));
    const actions = cell(row, '');
    const view = document.createElement('button');
    view.textContent = 'Chunks';
    view.addEventListener('click', () => showChunks(doc.slug).catch((error) => say(error.message)));
    const remove = document.createElement('button');
    remove.textContent = 'Remove';
    remove.addEventListener('click', async () => {
      if (!confirm(`Remove ${doc.slug} and its passages?`)) return;
      try {
        const result = await call('DELETE', `/api/admin/documents/${encodeURIComponent(doc.slug)}`);
        say(`Removed ${result.removed.slug}; index ${result.index.version} is served.`, true);
        await refresh();
      } catch (error) {
        say(error.message);
      }
    });
    actions.append(view, remove);
    body.append(row);
  }
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(keyStore, $('admin-key').value);
  refresh()
    .then(() => say(''))
    .catch((error) => say(error.message));
});

$('upload-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = $('file').files[0];
  if (!file) return;
  const query = new URLSearchParams({ name: file.name });
  for (const [id, name] of [
    ['title', 'title'],
    ['title-en', 'titleEn'],
    ['year', 'year'],
    ['kind', 'kind'],
  ]) {
    if ($(id).value.trim() !== '') query.set(name, $(id).value.trim());
  }
  say(`Uploading ${file.name}…`, true);
  try {
    const result = await call('POST', `/api/admin/documents?${query}`, file, file.type || 'application/octet-stream');
    const guessed = result.guessed.length > 0 ? ` Guessed: ${result.guessed.join(', ')}.` : '';
    const warnings = result.warnings.length > 0 ? ` Warnings: ${result.warnings.join('; ')}.` : '';
    say(`Added ${result.document.slug} (${result.chunks} chunks); index ${result.index.version} is served.${guessed}${warnings}`, true);
    await refresh();
  } catch (error) {
    say(error.message);
  }
});

if (sessionStorage.getItem(keyStore)) refresh().catch((error) => say(error.message));
