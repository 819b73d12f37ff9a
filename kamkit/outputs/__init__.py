"""What people read: charts, widgets, territory reports, the results workbook, the template and
the visit cards. The outputs never import each other.
"""
