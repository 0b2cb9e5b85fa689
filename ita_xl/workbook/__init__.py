"""The return workbook as officers get it: the template written from ``spec`` and a framework,
its live checks (the rules' formula forms), the button's VBA, a return carried onto this year's
template, the offline install kit."""
