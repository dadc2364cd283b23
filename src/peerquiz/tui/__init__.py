"""The Textual study app. Importing this package stays cheap: the core loads after the first frame."""
