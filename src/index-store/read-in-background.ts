import { closeSync, fstatSync, openSync, read, readSync } from 'node:fs';

/**
 * A whole file read by one request on libuv's thread pool, so it arrives while this thread does
 * synchronous work (fs.promises.readFile reads 512 KiB per request, each continued from the event loop,
 * so it stalls while the thread is busy). The buffer is the file's own, at offset 0 (4-byte aligned).
 */
export function readInBackground(file: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let fd: number;
    let buffer: Buffer;
    try {
      fd = openSync(file, 'r');
      buffer = Buffer.allocUnsafeSlow(fstatSync(fd).size);
    } catch (error) {
      reject(error as Error);
      return;
    }
    const finish = (error: Error | null, result?: Buffer) => {
      try {
        closeSync(fd);
      } catch {
        // already reported what matters
      }
      if (error !== null) reject(error);
      else resolve(result as Buffer);
    };
    if (buffer.length === 0) {
      finish(null, buffer);
      return;
    }
    read(fd, buffer, 0, buffer.length, 0, (error, bytesRead) => {
      if (error !== null) {
        finish(error);
        return;
      }
      try {
        // Regular files are read whole; should a read come back short, finish here.
        let done = bytesRead;
        while (done < buffer.length) {
          const more = readSync(fd, buffer, done, buffer.length - done, done);
          if (more === 0) break;
          done += more;
        }
        finish(null, done === buffer.length ? buffer : buffer.subarray(0, done));
      } catch (readError) {
        finish(readError as Error);
      }
    });
  });
}
