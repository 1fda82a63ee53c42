import { useState } from "react";
import type { FormEvent } from "react";
import { IconButton, InputAdornment, TextField } from "@mui/material";
import SearchIcon from "@mui/icons-material/Search";

interface SearchBoxProps {
  /** Where the results are shown (the panel), for aria-controls. */
  panelId: string;
  open: boolean;
  onSearch(q: string): void;
  onClose(): void;
}

/** The channel header's search field: Enter (or the button) searches; the panel shows results. */
export function SearchBox({ panelId, open, onSearch, onClose }: SearchBoxProps) {
  const [text, setText] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(text);
  };
  return (
    <form role="search" onSubmit={submit} style={{ display: "flex" }}>
      <TextField
        size="small"
        type="search"
        placeholder="Search"
        onKeyDown={(event) => {
          if (event.key === "Escape" && open) onClose();
        }}
        value={text}
        onChange={(event) => setText(event.target.value)}
        inputProps={{
          "aria-label": "Search messages",
          "aria-controls": open ? panelId : undefined,
          maxLength: 512,
          enterKeyHint: "search",
        }}
        sx={{ width: { xs: 120, sm: 180, md: 220 } }}
        InputProps={{
          endAdornment: (
            <InputAdornment position="end">
              <IconButton type="submit" size="small" edge="end" aria-label="Search">
                <SearchIcon fontSize="small" />
              </IconButton>
            </InputAdornment>
          ),
        }}
      />
    </form>
  );
}
