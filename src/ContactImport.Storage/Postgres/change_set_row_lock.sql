-- update-where: the before-image is read under the row lock, so no writer changes the contact before the UPDATE.
FOR UPDATE OF c
