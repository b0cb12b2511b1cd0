/**
 * Where pushes start, without the features that cause them knowing about push:
 * - the chats service's hub: `control(chat.activity)` is called once, on the instance that
 *   committed the messages (other instances get it relayed, not through `control`), after commit;
 * - the bell (notifications): `record.add` inside the transaction remembers the event, `changed`
 *   after commit sends it (once it is seen committed).
 */
import type { Hub } from "../../realtime/hub.ts";
import type { Notify } from "../notifications/notifications.service.ts";
import type { PushService } from "./push.service.ts";

export function hubWithPush(hub: Hub, push: Pick<PushService, "chatActivity">): Hub {
  return {
    ...hub,
    publish: (topic, event) => hub.publish(topic, event),
    control(event) {
      hub.control(event);
      if (event.kind === "chat.activity") push.chatActivity(event);
    },
    onControl: (handler) => hub.onControl(handler),
    relayed: () => hub.relayed(),
    attach: (server) => hub.attach(server),
    close: () => hub.close(),
  };
}

export function notifyWithPush<T extends Notify>(notify: T, push: Pick<PushService, "bellAdded" | "bellChanged">): T {
  return {
    ...notify,
    record: {
      ...notify.record,
      async add(trx, e) {
        const who = await notify.record.add(trx, e);
        if (who) push.bellAdded(e);
        return who;
      },
    },
    changed(userIds) {
      const ids = [...userIds];
      notify.changed(ids);
      push.bellChanged(ids);
    },
  };
}
