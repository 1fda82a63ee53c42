import type { DmChannel, GatewayFrame } from "../types/api";

/** What a DM is called: a group's name, or the people in it ("Just you" once everyone left). */
export function dmTitle(dm: DmChannel): string {
  if (dm.type === "group" && dm.name) return dm.name;
  if (dm.recipients.length === 0) return "Just you";
  return dm.recipients.map((user) => user.username).join(", ");
}

/** Latest activity first: the newest message, then the newest conversation (SPEC §9). */
export function sortDms(dms: readonly DmChannel[]): DmChannel[] {
  return [...dms].sort(
    (a, b) => (b.last_message_id ?? 0) - (a.last_message_id ?? 0) || b.id - a.id,
  );
}

/**
 * The DM list after a gateway frame: DMs created, changed or left, and a new message moving
 * its conversation to the top. Returns the same array when the frame changes nothing.
 */
export function applyDmFrame(dms: readonly DmChannel[], frame: GatewayFrame): readonly DmChannel[] {
  switch (frame.type) {
    case "dm.create":
    case "dm.update": {
      const known = dms.find((dm) => dm.id === frame.channel.id);
      // A frame about an older state never undoes what a message told us since.
      const merged = known
        ? {
            ...frame.channel,
            last_message_id:
              Math.max(known.last_message_id ?? 0, frame.channel.last_message_id ?? 0) || null,
            last_seq: Math.max(known.last_seq, frame.channel.last_seq),
          }
        : frame.channel;
      return sortDms([...dms.filter((dm) => dm.id !== frame.channel.id), merged]);
    }
    case "dm.delete":
      return dms.some((dm) => dm.id === frame.channel_id)
        ? dms.filter((dm) => dm.id !== frame.channel_id)
        : dms;
    case "chat.message": {
      const dm = dms.find((d) => d.id === frame.channel_id);
      if (!dm || "deleted" in frame.new_message) return dms;
      const id = frame.new_message.id;
      if ((dm.last_message_id ?? 0) >= id) return dms;
      return sortDms(
        dms.map((d) =>
          d.id === dm.id
            ? { ...d, last_message_id: id, last_seq: Math.max(d.last_seq, frame.seq) }
            : d,
        ),
      );
    }
    default:
      return dms;
  }
}
