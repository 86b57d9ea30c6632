/** Where tests send OSV queries unless they run a stand-in: a loopback port nothing serves. */
export const noOsv = 'http://127.0.0.1:9';
