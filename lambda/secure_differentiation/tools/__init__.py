"""Developer tools: the command line, the text console and its resolver, the Lambda packager.

Nothing here is shipped to Lambda.
"""
