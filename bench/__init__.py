"""`make bench`: what the application costs with a realistic amount of records (issue 9)."""
