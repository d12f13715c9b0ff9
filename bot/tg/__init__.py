"""The Telegram side: callback data, keyboards, states, views (texts and keyboards), middlewares, filters, menus."""
