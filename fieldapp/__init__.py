"""The phone app for field visitors (an offline-first web app), served at /field/."""
