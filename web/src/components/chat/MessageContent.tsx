import { Box } from "@mui/material";
import { alpha, darken, lighten } from "@mui/material/styles";
import { parseContent } from "../../services/mentions";

/** A message's text with `<@ID>` shown as `@username` chips. Text only, never HTML. */
export function MessageContent({
  content,
  names,
  myUserId,
}: {
  content: string;
  names: ReadonlyMap<number, string>;
  myUserId: number | null;
}) {
  return (
    <>
      {parseContent(content).map((segment, index) =>
        segment.kind === "text" ? (
          segment.text
        ) : (
          <Box
            key={index}
            component="span"
            data-mention={segment.userId}
            sx={(theme) => {
              const me = segment.userId === myUserId;
              const color = me ? theme.palette.warning.main : theme.palette.primary.main;
              const dark = theme.palette.mode === "dark";
              return {
                px: 0.375,
                borderRadius: 0.75,
                fontWeight: 600,
                bgcolor: alpha(color, dark ? 0.25 : 0.14),
                color: dark ? lighten(color, 0.35) : darken(color, 0.25),
              };
            }}
          >
            @{names.get(segment.userId) ?? "unknown-user"}
          </Box>
        ),
      )}
    </>
  );
}
