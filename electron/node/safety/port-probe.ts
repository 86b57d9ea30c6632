import { createServer } from 'node:net';

/** Is something listening? true: taken; false: free; null: could not tell (EACCES below 1024). */
export const portInUse = (port: number, host: string): Promise<boolean | null> =>
  new Promise((resolve) => {
    const s = createServer();
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' ? true : null));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(false)));
  });
