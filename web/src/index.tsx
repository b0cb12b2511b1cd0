/** Entry: theme and language first (no flash of the wrong ones), then the app. */
import { render } from "solid-js/web";
import { App } from "./App.tsx";
import { initLang } from "./i18n/index.ts";
import { initTheme } from "./lib/theme.ts";
import "./styles/theme.css";
import "./styles/base.css";
import "./styles/header.css";
import "./styles/forms.css";
import "./styles/pages.css";
import "./styles/components.css";
import "./components/field.css";
import "./components/menu.css";

initTheme();
// English is a chunk of its own: a person who chose it waits for its words, never sees Ukrainian first.
await initLang();

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");
render(() => <App />, root);

// Installable and offline-capable in a build, never under the dev server (web/src/lib/pwa.ts, a chunk of
// its own). MODE, not PROD: PROD follows NODE_ENV, which the test runner sets to "test" for its builds too.
if (import.meta.env.MODE === "production" && "serviceWorker" in navigator) void import("./lib/pwa.ts").then((m) => m.startServiceWorker());
