/** The chat list's sound switch (issue 13): this device's new-message tone on or off (tab-notify.tsx). */
import { t } from "../../i18n/index.ts";
import { SoundIcon, SoundOffIcon } from "./icons.tsx";
import { setSoundOn, soundOn } from "./tab-notify.tsx";

export function SoundToggle() {
  const label = () => (soundOn() ? t("mentions.soundOn") : t("mentions.soundOff"));
  return (
    <button type="button" class="icon-button sound-toggle" aria-pressed={soundOn()} aria-label={label()} title={label()} onClick={() => setSoundOn(!soundOn())}>
      {soundOn() ? <SoundIcon /> : <SoundOffIcon />}
    </button>
  );
}
