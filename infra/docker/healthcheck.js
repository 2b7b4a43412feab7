// The container's health probe: exits 0 when GET http://127.0.0.1:$PORT<path> answers 2xx
// within 3 s, 1 otherwise. Node's own fetch, because the slim image has neither curl nor wget.
const path = process.argv[2] || '/health/ready';
const port = process.env.PORT;
if (!port) {
  console.error('healthcheck: PORT is not set');
  process.exit(1);
}
fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(3000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  (error) => {
    console.error(`healthcheck: ${error.message}`);
    process.exit(1);
  },
);
