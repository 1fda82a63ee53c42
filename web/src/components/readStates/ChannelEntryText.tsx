import { ListItemText } from "@mui/material";
import { useChannelUnread } from "../../context/ReadStateContext";
import { MentionBadge, unreadLabel } from "./MentionBadge";

/** A channel's (or DM's) name in a list: bold when unread, with its mention badge. */
export function ChannelEntryText({ channelId, name }: { channelId: number; name: string }) {
  const { unread, mentions } = useChannelUnread(channelId);
  const bold = unread || mentions > 0;
  return (
    <>
      <ListItemText
        primary={name}
        primaryTypographyProps={{
          noWrap: true,
          fontWeight: bold ? 700 : 500,
          color: bold ? "text.primary" : "text.secondary",
        }}
      />
      <MentionBadge count={mentions} />
    </>
  );
}

/** The entry's accessible name, announcing "unread" and "N mentions". */
export function useChannelEntryLabel(channelId: number, name: string): string {
  const { unread, mentions } = useChannelUnread(channelId);
  return unreadLabel(name, unread, mentions);
}
