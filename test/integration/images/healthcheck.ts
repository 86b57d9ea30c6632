// Healthcheck for the FROM-scratch test images, which have no shell, curl or wget:
// `node /hc.cjs <url>` exits 0 on a 2xx answer within 3 s, 1 otherwise.
const url = process.argv[2];
if (!url) process.exit(2);
const timer = setTimeout(() => process.exit(1), 3000);
fetch(url)
  .then((r) => process.exit(r.ok ? 0 : 1))
  .catch(() => process.exit(1))
  .finally(() => clearTimeout(timer));
