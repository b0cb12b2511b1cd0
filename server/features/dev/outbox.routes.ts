/** Dev outbox: the mail the app would have sent, when no SMTP server is configured. */
import { Hono } from "hono";
import type { Mailer } from "../../lib/mail.ts";

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function outboxRoutes(mailer: Mailer) {
  const app = new Hono();
  app.get("/outbox.json", (c) => c.json(mailer.outbox() ?? []));
  app.get("/outbox", (c) => {
    const items = (mailer.outbox() ?? [])
      .map(
        (m) =>
          `<article><h2>${escapeHtml(m.subject)}</h2><p class="meta">→ ${escapeHtml(m.to)} · ${new Date(m.at).toLocaleString("uk-UA")}</p><pre>${escapeHtml(m.text)}</pre></article>`,
      )
      .join("");
    return c.html(`<!doctype html><html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="10"><title>Dev outbox · World IT</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color-scheme:light dark}
article{border:1px solid #8885;border-radius:10px;padding:0 1rem;margin:1rem 0}pre{white-space:pre-wrap}.meta{opacity:.7}</style></head>
<body><h1>Dev outbox</h1><p>Листи, які надіслав би сервер (SMTP_URL не задано). Сторінка оновлюється кожні 10 с. <a href="/">← World IT</a></p>
${items || "<p>Поки що листів немає.</p>"}</body></html>`);
  });
  return app;
}
