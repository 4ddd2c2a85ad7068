"""The synthetic demo data set around Qazvin (load_demo)."""
