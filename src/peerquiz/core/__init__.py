"""The UI-free core of peerquiz: it never imports textual."""
