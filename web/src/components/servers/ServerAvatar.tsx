import { Avatar } from "@mui/material";
import type { SxProps, Theme } from "@mui/material";
import { mediaUrl } from "../../config";
import { avatarColor, initials } from "./avatarStyle";

/** A server's icon, or its initials on a colour when it has none. */
export function ServerAvatar({
  name,
  icon,
  size = 40,
  sx,
}: {
  name: string;
  icon: string | null;
  size?: number;
  sx?: SxProps<Theme>;
}) {
  return (
    <Avatar
      alt=""
      src={mediaUrl(icon)}
      variant="rounded"
      sx={{
        width: size,
        height: size,
        fontSize: size * 0.4,
        fontWeight: 700,
        borderRadius: size / 3.2,
        bgcolor: avatarColor(name),
        color: "#fff",
        ...sx,
      }}
    >
      {initials(name)}
    </Avatar>
  );
}
