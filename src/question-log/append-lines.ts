import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Appends whole lines with one write call and one fsync: they are on disk when this resolves. Used for
 * feedback batches and the question log alike: a line torn by a crash is closed off first, so only it is lost,
 * and one write call per batch means readers and other appending processes never see half a line from us.
 */
export async function appendLines(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // 'a+' both appends (O_APPEND: every write lands at the end) and lets us read the last byte.
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const bytes = Buffer.from(`${prefix}${text}`, 'utf8');
    const { bytesWritten } = await handle.write(bytes, 0, bytes.length);
    if (bytesWritten !== bytes.length) throw new Error(`short write to ${file}: ${bytesWritten} of ${bytes.length} bytes`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
