/**
 * On the guests' home page: the public chat, which anyone can read without an account (writing
 * needs one), offered beside "register" and "sign in" instead of being reachable only by its address.
 */
import { ChatIcon } from "../../components/icons.tsx";
import { t } from "../../i18n/index.ts";
import "./home.css";

export function PublicChatCall() {
  return (
    <section class="public-chat-call" aria-labelledby="public-chat-call-title">
      <ChatIcon />
      <div class="public-chat-call-text">
        <h2 id="public-chat-call-title">{t("chats.global")}</h2>
        <p>{t("home.publicChatText")}</p>
      </div>
      <a href="/chat/global" class="btn btn-primary">
        {t("home.publicChatOpen")}
      </a>
    </section>
  );
}
