"""The school year as data: the region's calendar of the program cycle, periods, year closing."""
