# crash test: later
