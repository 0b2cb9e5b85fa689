Attribute VB_Name = "ITAValidate"
Option Explicit

' The button "validate" of the ITA return workbook (ita-xl).
' It runs the same checks as "ita-xl validate" on this workbook through xlwings:
' install once with "pip install ita-xl[excel]". Without Python, send the file to the
' central team, who run "ita-xl validate" for you.
' Kept ASCII: the VBA project code page is 1252, so Thai text would turn into "?".

Public Sub ValidateButton()
    RunPython "import ita_xl.excel; ita_xl.excel.validate_button()"
End Sub
